/** The driver's conversion of a value to the text it sends as a parameter (pg/lib/utils.js, not typed by @types/pg). */
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null };
  export default utils;
}
