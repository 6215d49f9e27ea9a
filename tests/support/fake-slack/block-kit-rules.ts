/**
 * Slack's Block Kit limits as the fake enforces them, written from Slack's
 * reference (https://docs.slack.dev/reference/block-kit/blocks) and DESIGN.md
 * §5, independently of the adapter's own constants: if the adapter's
 * arithmetic is wrong, this catches it.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  blockId: 255,
  /** Undocumented, observed: about 13,200 characters of block text → msg_blocks_too_long. */
  totalBlockText: 13_200,
  /** Observed: top-level text over about 4,000 → msg_too_long. */
  messageText: 4_000,
} as const;

export interface BlockKitVerdict {
  error:
    | "invalid_blocks"
    | "invalid_blocks_format"
    | "msg_blocks_too_long"
    | "msg_too_long"
    | "no_text";
  messages: string[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a text composition object; returns its length, or an error message. */
function checkText(
  value: unknown,
  pointer: string,
  max: number,
  plainOnly = false,
): number | string {
  if (!isObject(value)) return `[ERROR] must provide an object [json-pointer:${pointer}]`;
  if (value.type !== "plain_text" && value.type !== "mrkdwn") {
    return `[ERROR] must be one of plain_text, mrkdwn [json-pointer:${pointer}/type]`;
  }
  if (plainOnly && value.type !== "plain_text") {
    return `[ERROR] must be plain_text [json-pointer:${pointer}/type]`;
  }
  if (value.type === "mrkdwn" && "emoji" in value) {
    return `[ERROR] unsupported property emoji for mrkdwn [json-pointer:${pointer}/emoji]`;
  }
  if (typeof value.text !== "string" || value.text.length === 0) {
    return `[ERROR] must be more than 0 characters [json-pointer:${pointer}/text]`;
  }
  if (value.text.length > max) {
    return `[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}/text]`;
  }
  return value.text.length;
}

/** Validates `blocks` and `text` as chat.postMessage would; null when Slack would accept them. */
export function checkMessage(text: unknown, blocks: unknown): BlockKitVerdict | null {
  if (typeof text === "string" && text.length > SLACK_LIMITS.messageText) {
    return { error: "msg_too_long", messages: [] };
  }
  if (blocks === undefined || blocks === null) {
    return typeof text === "string" && text.length > 0 ? null : { error: "no_text", messages: [] };
  }
  if (!Array.isArray(blocks)) return { error: "invalid_blocks_format", messages: [] };
  const messages: string[] = [];
  if (blocks.length > SLACK_LIMITS.blocksPerMessage) {
    messages.push(
      `[ERROR] no more than ${SLACK_LIMITS.blocksPerMessage} items allowed [json-pointer:/blocks]`,
    );
  }
  let total = 0;
  const add = (result: number | string): void => {
    if (typeof result === "string") messages.push(result);
    else total += result;
  };
  blocks.forEach((block: unknown, index) => {
    const at = `/blocks/${index}`;
    if (!isObject(block)) {
      messages.push(`[ERROR] must provide an object [json-pointer:${at}]`);
      return;
    }
    if (
      block.block_id !== undefined &&
      (typeof block.block_id !== "string" || block.block_id.length > SLACK_LIMITS.blockId)
    ) {
      messages.push(`[ERROR] invalid block_id [json-pointer:${at}/block_id]`);
    }
    switch (block.type) {
      case "divider":
        return;
      case "header":
        add(checkText(block.text, `${at}/text`, SLACK_LIMITS.headerText, true));
        return;
      case "section": {
        if (block.text === undefined && block.fields === undefined) {
          messages.push(`[ERROR] must provide either text or fields [json-pointer:${at}]`);
        }
        if (block.text !== undefined)
          add(checkText(block.text, `${at}/text`, SLACK_LIMITS.sectionText));
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length > SLACK_LIMITS.sectionFields) {
            messages.push(
              `[ERROR] no more than ${SLACK_LIMITS.sectionFields} items allowed [json-pointer:${at}/fields]`,
            );
          } else {
            block.fields.forEach((field: unknown, i) => {
              add(checkText(field, `${at}/fields/${i}`, SLACK_LIMITS.fieldText));
            });
          }
        }
        return;
      }
      case "context": {
        const elements = block.elements;
        if (
          !Array.isArray(elements) ||
          elements.length === 0 ||
          elements.length > SLACK_LIMITS.contextElements
        ) {
          messages.push(
            `[ERROR] must have 1 to ${SLACK_LIMITS.contextElements} items [json-pointer:${at}/elements]`,
          );
          return;
        }
        elements.forEach((element: unknown, i) => {
          if (isObject(element) && element.type === "image") return;
          add(checkText(element, `${at}/elements/${i}`, SLACK_LIMITS.sectionText));
        });
        return;
      }
      default:
        messages.push(
          `[ERROR] unsupported block type ${String(block.type)} [json-pointer:${at}/type]`,
        );
    }
  });
  if (messages.length > 0) return { error: "invalid_blocks", messages };
  if (total > SLACK_LIMITS.totalBlockText) return { error: "msg_blocks_too_long", messages: [] };
  return null;
}

/** Every block's text, for tests that look at what a reader would see. */
export function blockTexts(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  const out: string[] = [];
  for (const block of blocks) {
    if (!isObject(block)) continue;
    if (isObject(block.text) && typeof block.text.text === "string") out.push(block.text.text);
    for (const list of [block.fields, block.elements]) {
      if (!Array.isArray(list)) continue;
      for (const element of list) {
        if (isObject(element) && typeof element.text === "string") out.push(element.text);
      }
    }
  }
  return out;
}
