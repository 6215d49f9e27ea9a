/**
 * Makes `index` a slot of `array`, growing it by `undefined`s one at a time:
 * an array grown that way stays a fast (packed, not dictionary) array, which
 * the matcher reads by number per token and per verdict.
 */
export function ensureSlot<T>(array: Array<T | undefined>, index: number): void {
  while (array.length <= index) array.push(undefined);
}
