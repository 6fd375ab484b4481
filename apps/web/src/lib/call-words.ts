/** Why the microphone could not be opened (see components/call/microphone.ts). */
export type MicrophoneProblem = 'refused' | 'missing' | 'busy' | 'insecure' | 'unsupported';

/** What the call panel says when the microphone could not be opened: what happened, what to do. */
export function microphoneProblemWords(problem: MicrophoneProblem): string {
  switch (problem) {
    case 'refused':
      return 'The microphone was refused, so the call did not start. Allow the microphone for this site (the icon in the address bar, or the browser’s site settings), then press Call again.';
    case 'missing':
      return 'No microphone was found. Plug one in (or pick one in your system’s sound settings), then press Call again.';
    case 'busy':
      return 'The microphone could not be opened: another app is using it or the system blocked it. Close the other app (or allow the browser in the system’s privacy settings), then press Call again.';
    case 'insecure':
      return 'Browsers give a microphone only to pages on HTTPS (or localhost). Open LIFEOSAI at its https:// address, then press Call again.';
    case 'unsupported':
      return 'This browser does not give pages a microphone. Use a current Chrome, Edge, Firefox or Safari.';
  }
}

/**
 * What the call panel says when the socket closed without the bridge saying why (`ended`):
 * before the call was connected, it was refused or never reached; after, the line dropped.
 * `reason` is the close frame's, when the server gave one.
 */
export function socketClosedWords(connected: boolean, code: number, reason: string): string {
  if (reason) return connected ? `The call was cut off: ${reason}` : `The call was refused: ${reason}`;
  if (!connected) {
    return 'The call could not be connected: the server refused it or could not be reached. Check that you are still signed in (reload the page) and that voice calls are set up on this instance (an admin sets the Gemini key), then try again.';
  }
  if (code === 1000) return 'The call ended.';
  return 'The call was cut off: the connection to the server dropped. Check your network, then call again.';
}

/** The bridge's end reason (`ended.reason`, "the caller hung up") as the sentence the panel shows. */
export function endReasonSentence(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) return 'The call ended.';
  const sentence = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
