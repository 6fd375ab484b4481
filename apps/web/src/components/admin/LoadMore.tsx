import type { Paged } from './use-paged.ts';

/** The end of a paged table: its error, and "Load more" while there is a next page. */
export function LoadMore({ page, what }: { page: Paged<unknown>; what: string }) {
  return (
    <>
      {page.error ? (
        <p className="error" role="alert">
          {page.error}
        </p>
      ) : null}
      {page.hasMore ? (
        <button
          type="button"
          className="secondary"
          onClick={page.loadMore}
          disabled={page.loading}
          aria-label={`Load more ${what}`}
        >
          {page.loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </>
  );
}
