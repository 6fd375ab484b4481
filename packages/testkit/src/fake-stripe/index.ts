export type { FormValue } from './form.ts';
export { PERIOD_S } from './lifecycle.ts';
export type {
  FakeCheckoutSession,
  FakeCustomer,
  FakeEvent,
  FakeInvoice,
  FakeMeterEvent,
  FakePrice,
  FakeSubscription,
  StripeObject,
} from './objects.ts';
export {
  type FakeStripe,
  type FakeStripeOptions,
  type FakeStripeRequest,
  startFakeStripe,
} from './server.ts';
export { METER_IDENTIFIER_WINDOW_S, type MeterIdentifierRecord } from './state.ts';
export type { Delivery, SignedPayload } from './webhook.ts';
