/** What the catalogue says about one code. */
export interface ErrorCodeDefinition {
  /** The HTTP status the code answers with at the edge (500 for start-up and internal failures). */
  readonly status: number;
  /** The default message: what happened and what to do. A site may pass a more specific one. */
  readonly message: string;
}

/** One catalogue entry: the definition with its own code, so a client can read either. */
export type ErrorCodeEntry<Code extends string = string> = ErrorCodeDefinition & { readonly code: Code };

type Upper =
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U'
  | 'V'
  | 'W'
  | 'X'
  | 'Y'
  | 'Z';
type IsUpperSnake<Key extends string> = Key extends `${infer First}${infer Rest}`
  ? First extends Upper | '_' | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'
    ? IsUpperSnake<Rest>
    : false
  : true;
/** Each key must be UPPER_SNAKE; a key that is not becomes a type error naming it. */
type UpperSnakeKeys<Codes> = {
  [Key in keyof Codes]: Key extends string
    ? IsUpperSnake<Key> extends true
      ? Codes[Key]
      : `error code ${Key} is not UPPER_SNAKE`
    : Codes[Key];
};

/**
 * Declares error codes once, each with its status and default message (better-auth's
 * `defineErrorCodes`, with the status added since our codes cross an HTTP edge). Keys are
 * UPPER_SNAKE, checked by the compiler; each entry also carries its own `code`.
 */
export function defineErrorCodes<const Codes extends Record<string, ErrorCodeDefinition>>(
  codes: UpperSnakeKeys<Codes>,
): { readonly [Code in keyof Codes & string]: ErrorCodeEntry<Code> } {
  return Object.fromEntries(
    Object.entries(codes as Record<string, ErrorCodeDefinition>).map(([code, definition]) => [
      code,
      { code, status: definition.status, message: definition.message },
    ]),
  ) as { readonly [Code in keyof Codes & string]: ErrorCodeEntry<Code> };
}
