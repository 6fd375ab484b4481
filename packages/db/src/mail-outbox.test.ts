import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutboxMail, recordOutboxMail } from './mail-outbox.ts';

describe.each(testDialects)('mail outbox on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database?.cleanup());

  it('keeps what was sent, newest first, and only the newest few', async () => {
    const { db } = database;
    expect(await listOutboxMail(db)).toEqual([]);
    for (let index = 1; index <= 5; index++) {
      await recordOutboxMail(
        db,
        {
          kind: index % 2 ? 'password-reset' : 'email-verification',
          to: `person-${index}@example.com`,
          subject: `Message ${index}`,
          url: `http://127.0.0.1:3000/api/auth/reset-password/token-${index}`,
        },
        3,
      );
    }
    const kept = await listOutboxMail(db);
    expect(kept.map((mail) => mail.subject)).toEqual(['Message 5', 'Message 4', 'Message 3']);
    expect(kept[0]).toEqual({
      id: expect.stringMatching(/^mail_/),
      kind: 'password-reset',
      to: 'person-5@example.com',
      subject: 'Message 5',
      url: 'http://127.0.0.1:3000/api/auth/reset-password/token-5',
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });
});
