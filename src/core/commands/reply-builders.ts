import type { UserError } from "../errors.js";
import type { Reply, ReplyBlock, ReplyVisibility } from "./reply-model.js";

/** Small constructors for the replies handlers return. */
export function reply(visibility: ReplyVisibility, summary: string, blocks: ReplyBlock[]): Reply {
  return { visibility, summary, blocks };
}

export function textReply(visibility: ReplyVisibility, text: string): Reply {
  return { visibility, summary: text, blocks: [{ kind: "text", text }] };
}

/**
 * A UserError for the person who typed the command, and only them. When the
 * error points into their input, the message quotes the input and marks the spot.
 */
export function userErrorReply(error: UserError, input?: string): Reply {
  let message = error.message;
  if (error.position !== undefined && input !== undefined && input !== "") {
    const at = Math.max(0, Math.min(error.position, input.length));
    message += ` (at character ${at + 1}: \`${input.slice(0, at)}▸${input.slice(at)}\`)`;
  }
  return {
    visibility: "private",
    summary: error.message,
    blocks: [
      error.hint === undefined
        ? { kind: "error", message }
        : { kind: "error", message, hint: error.hint },
    ],
  };
}

/** An unexpected failure: a short apology with an id to find it in the logs, nothing internal. */
export function internalErrorReply(errorId: string): Reply {
  const message = `Sorry, something went wrong on our side (error id ${errorId}).`;
  return {
    visibility: "private",
    summary: message,
    blocks: [
      {
        kind: "error",
        message,
        hint: "Try again in a moment; if it keeps failing, give your admin the error id.",
      },
    ],
  };
}

/** A polite no for someone who may not change this channel's subscriptions. */
export function refusalReply(command: string): Reply {
  const message = `You can't ${command} here: changing this channel's news needs the permission to manage the channel.`;
  return {
    visibility: "private",
    summary: message,
    blocks: [
      {
        kind: "error",
        message,
        hint: "Ask someone who manages this channel. Anyone can use `/news list`, `/news recent`, `/news why` and `/news status`.",
      },
    ],
  };
}
