/**
 * The fake's copy of Discord's message limits (docs: Channel resource, "Embed
 * Limits"; DESIGN.md §5), written independently of src/ so that a renderer bug
 * cannot hide behind a shared constant. Returns Discord's error shape.
 */
export interface DiscordFormError {
  code: number;
  message: string;
  errors: Record<string, unknown>;
}

// Any is not used: bodies are unknown JSON, inspected with narrowing helpers.
type Json = Record<string, unknown>;

const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  nonce: 25,
};

function asObject(value: unknown): Json | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : null;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * Validate a message body (Create Message, interaction response data, webhook
 * execute or edit). `requireAllowedMentions`: the project's own rule that every
 * message sets `allowed_mentions: {parse: []}`; Discord itself would accept it,
 * so the fake answers with a code Discord does not use (`0`) to tell them apart.
 */
export function validateMessage(
  body: unknown,
  options: { requireAllowedMentions: boolean } = { requireAllowedMentions: true },
): DiscordFormError | null {
  const errors: Record<string, unknown> = {};
  const add = (path: string, code: string, message: string) => {
    errors[path] = { _errors: [{ code, message }] };
  };
  const data = asObject(body);
  if (data === null) return formError({ _root: "body is not a JSON object" });
  const content = text(data.content);
  if (content.length > LIMITS.content)
    add("content", "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.content} or fewer in length.`);
  if (data.nonce !== undefined && String(data.nonce).length > LIMITS.nonce)
    add("nonce", "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.nonce} or fewer in length.`);
  const embeds = Array.isArray(data.embeds) ? data.embeds : [];
  if (embeds.length > LIMITS.embeds)
    add("embeds", "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.embeds} or fewer in length.`);
  let total = 0;
  embeds.forEach((raw, i) => {
    const embed = asObject(raw) ?? {};
    const check = (path: string, value: string, max: number) => {
      total += value.length;
      if (value.length > max)
        add(`embeds.${i}.${path}`, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
    };
    check("title", text(embed.title), LIMITS.title);
    check("description", text(embed.description), LIMITS.description);
    check("footer.text", text(asObject(embed.footer)?.text), LIMITS.footer);
    check("author.name", text(asObject(embed.author)?.name), LIMITS.author);
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > LIMITS.fields)
      add(
        `embeds.${i}.fields`,
        "BASE_TYPE_MAX_LENGTH",
        `Must be ${LIMITS.fields} or fewer in length.`,
      );
    fields.forEach((rawField, j) => {
      const field = asObject(rawField) ?? {};
      check(`fields.${j}.name`, text(field.name), LIMITS.fieldName);
      check(`fields.${j}.value`, text(field.value), LIMITS.fieldValue);
      if (text(field.name) === "" || text(field.value) === "")
        add(`embeds.${i}.fields.${j}`, "BASE_TYPE_REQUIRED", "This field is required");
    });
    const url = embed.url;
    if (url !== undefined && !/^https?:\/\//.test(text(url)))
      add(`embeds.${i}.url`, "URL_TYPE_INVALID_URL", "Not a well formed URL.");
  });
  if (total > LIMITS.embedTotal)
    add("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
  if (content === "" && embeds.length === 0)
    return { code: 50006, message: "Cannot send an empty message", errors: {} };
  if (Object.keys(errors).length > 0) return formError(errors);
  if (options.requireAllowedMentions) {
    const allowed = asObject(data.allowed_mentions);
    const parse = allowed?.parse;
    const empty = (value: unknown) =>
      value === undefined || (Array.isArray(value) && value.length === 0);
    const ok =
      Array.isArray(parse) && parse.length === 0 && empty(allowed?.users) && empty(allowed?.roles);
    if (!ok) {
      return {
        code: 0,
        message: "fake-discord: every message must set allowed_mentions: {parse: []}",
        errors: {},
      };
    }
  }
  return null;
}

function formError(errors: Record<string, unknown>): DiscordFormError {
  return { code: 50035, message: "Invalid Form Body", errors };
}
