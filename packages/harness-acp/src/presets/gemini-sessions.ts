import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** A recording's name as Gemini CLI 0.61 gives it: `session-<UTC minute>-<first 8 of the id>.jsonl`. */
const recordingName = /^session-\d{4}-\d\d-\d\dT\d\d-\d\d-([A-Za-z0-9_-]{1,8})\.(jsonl?)$/;

/**
 * Works around gemini-cli#28693 before each start: `session/load` first opens a new recording
 * named after the current minute, so a session loaded in the minute it was created is
 * overwritten and lost. Each finished recording is renamed out of that pattern
 * (`session-kept-<id prefix>.jsonl`, the extension kept): Gemini CLI still finds it (it lists every `session-*.jsonl`
 * and matches the id inside), loads it and appends to it, and no new recording can take its
 * name. A name already kept is left alone (the other file is an empty re-recording).
 * Contract: never throws; best effort on a state dir it cannot read.
 */
export function keepGeminiSessions(stateDir: string): void {
  const projects = join(stateDir, '.gemini', 'tmp');
  for (const project of entries(projects)) {
    const chats = join(projects, project, 'chats');
    for (const file of entries(chats)) {
      const match = recordingName.exec(file);
      if (!match) continue;
      const kept = join(chats, `session-kept-${match[1]}.${match[2]}`);
      if (existsSync(kept)) continue;
      try {
        renameSync(join(chats, file), kept);
      } catch {
        // Another start renamed it first: either way it is kept.
      }
    }
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
