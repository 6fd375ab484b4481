'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';

/** The way from an agent's chat to its editor. */
export function EditAgentLink() {
  const { id } = useParams<{ id: string }>();
  return (
    <p className="small">
      <Link href={`/agents/${id}/edit`}>Edit agent settings</Link>
    </p>
  );
}
