// `/api` itself (the catch-all below needs one segment) goes to the gateway too, so it answers
// in the contract's shape like every other `/api` path instead of with the app's HTML 404.
export { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from './[...path]/route.ts';
export const dynamic = 'force-dynamic';
