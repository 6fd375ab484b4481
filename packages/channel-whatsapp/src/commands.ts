/**
 * A command addressed to the agent (`/new`, `/stop`, `/status`, …): the first word of the
 * text when it starts with a slash, lower case, with the rest as `args`. Leading mentions
 * (`@33612345678 /new` in a group) are skipped; a `@suffix` on the name (Telegram's habit,
 * typed out of habit) is dropped. A path such as `/usr/bin` is not a command.
 */
export function parseCommand(text: string): { name: string; args: string } | undefined {
  const withoutMentions = text.replace(/^(?:\s*@\d{3,30}\b)+/, '').trimStart();
  const match = /^\/([a-z][a-z0-9_]{0,31})(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(withoutMentions);
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), args: (match[2] ?? '').trim() };
}
