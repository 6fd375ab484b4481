'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import styles from './Call.module.css';

// The call's code (audio, the socket protocol's schema) loads only when someone calls.
const CallPanel = dynamic(() => import('./CallPanel.tsx').then((module) => module.CallPanel), { ssr: false });

/**
 * The chat header's Call button and, once pressed, the call panel on a line of its own below it.
 * The call continues the open conversation (`sessionId`), else the caller's own.
 */
export function CallButton({ agentId, sessionId }: { agentId: string; sessionId: string | null }) {
  /** The call's audio, made in the click (Safari lets only such a context play); null: no call shown. */
  const [audio, setAudio] = useState<AudioContext | null>(null);
  return (
    <>
      <button
        type="button"
        className={`secondary ${styles.callButton}`}
        onClick={() => {
          const context = new AudioContext();
          void context.resume();
          setAudio(context);
        }}
        disabled={audio !== null}
        title="Talk with the agent by voice"
      >
        Call
      </button>
      {audio ? (
        <CallPanel agentId={agentId} sessionId={sessionId} audio={audio} onClose={() => setAudio(null)} />
      ) : null}
    </>
  );
}
