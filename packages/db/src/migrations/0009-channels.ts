import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Channels (Telegram, WhatsApp): an agent's connections to a network, the chats they carry
 * (each one session of the agent at a time), the senders a connection knows (pairing), the
 * inbound journal (every update written before the network is told it arrived, unique per
 * connection and network message id: a redelivery is recognised), the outbox (every reply part
 * written before it is sent, unique per connection and key: a restart never makes a second
 * one), and a connection's durable state (WhatsApp's auth state, encrypted by the platform).
 */
export async function up(db: Kysely<unknown>, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('channel_connections')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('org_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('enabled', types.boolean, (column) => column.notNull())
    .addColumn('senders', 'text', (column) => column.notNull())
    .addColumn('allow', types.json, (column) => column.notNull())
    .addColumn('transport', 'text', (column) => column.notNull())
    .addColumn('token_secret', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('account_id', 'text')
    .addColumn('account_name', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', types.timestamp)
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', types.timestamp)
    .addColumn('created_by', 'text', (column) => column.notNull())
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('channel_connections_agent_idx')
    .on('channel_connections')
    .columns(['agent_id', 'created_at'])
    .execute();
  // One connection per bot or linked number across the instance: two would poll one bot (409s)
  // or fight over one WhatsApp socket.
  await db.schema
    .createIndex('channel_connections_account_unique')
    .on('channel_connections')
    .columns(['type', 'account_id'])
    .unique()
    .where(sql.ref('account_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('channel_chats')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('connection_id', 'text', (column) => column.notNull())
    .addColumn('network_chat_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('title', 'text')
    .addColumn('session_id', 'text')
    .addColumn('last_message_at', types.timestamp, (column) => column.notNull())
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addUniqueConstraint('channel_chats_network_unique', ['connection_id', 'network_chat_id'])
    .execute();

  await db.schema
    .createTable('channel_senders')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('connection_id', 'text', (column) => column.notNull())
    .addColumn('sender_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('code', 'text')
    .addColumn('requested_at', types.timestamp, (column) => column.notNull())
    .addColumn('decided_at', types.timestamp)
    .addColumn('decided_by', 'text')
    .addUniqueConstraint('channel_senders_unique', ['connection_id', 'sender_id'])
    .execute();

  await db.schema
    .createTable('channel_inbound')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('connection_id', 'text', (column) => column.notNull())
    .addColumn('chat_id', 'text', (column) => column.notNull())
    .addColumn('network_message_id', 'text', (column) => column.notNull())
    .addColumn('sender_id', 'text', (column) => column.notNull())
    .addColumn('sender_name', 'text')
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('message', types.json, (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('outcome', 'text')
    .addColumn('run_id', 'text')
    .addColumn('received_at', types.timestamp, (column) => column.notNull())
    .addColumn('handled_at', types.timestamp)
    .addUniqueConstraint('channel_inbound_message_unique', ['connection_id', 'network_message_id'])
    .execute();
  await db.schema
    .createIndex('channel_inbound_chat_idx')
    .on('channel_inbound')
    .columns(['chat_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('channel_inbound_sender_idx')
    .on('channel_inbound')
    .columns(['connection_id', 'sender_id', 'received_at'])
    .execute();

  await db.schema
    .createTable('channel_outbox')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('connection_id', 'text', (column) => column.notNull())
    .addColumn('chat_id', 'text', (column) => column.notNull())
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('media', types.json)
    .addColumn('buttons', types.json)
    .addColumn('run_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull())
    .addColumn('next_attempt_at', types.timestamp, (column) => column.notNull())
    .addColumn('network_message_ids', types.json)
    .addColumn('last_error', 'text')
    .addColumn('created_at', types.timestamp, (column) => column.notNull())
    .addColumn('sent_at', types.timestamp)
    .addUniqueConstraint('channel_outbox_key_unique', ['connection_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('channel_outbox_due_idx')
    .on('channel_outbox')
    .columns(['connection_id', 'status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('channel_state')
    .addColumn('connection_id', 'text', (column) => column.notNull())
    .addColumn('key', 'text', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('updated_at', types.timestamp, (column) => column.notNull())
    .addPrimaryKeyConstraint('channel_state_pk', ['connection_id', 'key'])
    .execute();
}
