import { describe, expect, it } from 'vitest';
import { conversationHref, newChatHref, readConversationAddress, shouldResume } from './conversation-url.ts';

const read = (query: string) => readConversationAddress(new URLSearchParams(query));

describe('the agent page address', () => {
  it('resumes only when it names no conversation, run or new chat', () => {
    expect(shouldResume(read(''))).toBe(true);
    expect(shouldResume(read('session='))).toBe(true);
    expect(shouldResume(read('session=ses_1'))).toBe(false);
    expect(shouldResume(read('run=run_1'))).toBe(false);
    expect(shouldResume(read('new=k1'))).toBe(false);
  });

  it('builds the addresses the list and New chat go to, with no session on a new chat', () => {
    expect(conversationHref('agt_1', 'ses_2')).toBe('/agents/agt_1?session=ses_2');
    const fresh = newChatHref('agt_1', 'k1');
    expect(fresh).toBe('/agents/agt_1?new=k1');
    expect(read(fresh.split('?')[1]!)).toEqual({ sessionId: null, runId: null, newChat: 'k1' });
  });
});
