import type { Kysely } from 'kysely';
import * as coreDomain from './0001-core-domain.ts';
import * as agentInbox from './0002-agent-inbox.ts';
import * as providerSettings from './0003-provider-settings.ts';
import * as mailOutbox from './0004-mail-outbox.ts';
import * as runOutcome from './0005-run-outcome.ts';
import * as sessionForks from './0006-session-forks.ts';
import * as conversations from './0007-conversations.ts';
import * as pushSubscriptions from './0008-push-subscriptions.ts';
import * as channels from './0009-channels.ts';
import * as phone from './0010-phone.ts';
import * as billingConnectionsPlugins from './0011-billing-connections-plugins.ts';
import * as identityRevocations from './0012-identity-revocations.ts';
import type { ColumnTypes, DialectName } from './column-types.ts';

export interface MigrationStep {
  /** Ordered, never renamed once released: the migrator records it. */
  name: string;
  up(db: Kysely<unknown>, types: ColumnTypes, dialect: DialectName): Promise<void>;
}

/** The one ordered migration list for both dialects. Append only. */
export const migrations: readonly MigrationStep[] = [
  { name: '0001-core-domain', up: coreDomain.up },
  { name: '0002-agent-inbox', up: agentInbox.up },
  { name: '0003-provider-settings', up: providerSettings.up },
  { name: '0004-mail-outbox', up: mailOutbox.up },
  { name: '0005-run-outcome', up: runOutcome.up },
  { name: '0006-session-forks', up: sessionForks.up },
  { name: '0007-conversations', up: conversations.up },
  { name: '0008-push-subscriptions', up: pushSubscriptions.up },
  { name: '0009-channels', up: channels.up },
  { name: '0010-phone', up: phone.up },
  { name: '0011-billing-connections-plugins', up: billingConnectionsPlugins.up },
  { name: '0012-identity-revocations', up: identityRevocations.up },
];
