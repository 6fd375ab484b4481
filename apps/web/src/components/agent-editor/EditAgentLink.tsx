'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { canManageAgents } from '../../lib/roles.ts';
import { useMe } from '../Shell.tsx';

/** The ways from an agent's chat to its editor and its channels, for those who may change agents. */
export function EditAgentLink() {
  const { id } = useParams<{ id: string }>();
  if (!canManageAgents(useMe())) return null;
  return (
    <p className="small">
      <Link href={`/agents/${id}/edit`}>Edit agent settings</Link>
      {' · '}
      <Link href={`/agents/${id}/channels`}>Channels</Link>
    </p>
  );
}
