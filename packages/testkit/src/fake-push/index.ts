export {
  type FakePushOptions,
  type FakePushService,
  type FakeSubscription,
  type PushDelivery,
  startFakePushService,
} from './server.ts';
export { checkVapidHeader, type VapidCheck } from './vapid-token.ts';
export { createSubscriptionKeys, decryptPushPayload, type TestSubscriptionKeys } from './web-push-crypto.ts';
