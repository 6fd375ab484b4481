'use client';

import { type ComponentProps, memo, useDeferredValue, useMemo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { markdownBlocks } from '../../lib/markdown-blocks.ts';
import { CodeBlock } from './CodeBlock.tsx';
import styles from './Markdown.module.css';

/** The only link targets an answer may have: a web page or an e-mail address. */
const safeProtocols = new Set(['http:', 'https:', 'mailto:']);

/** The URL when it is absolute and of a safe protocol; otherwise '' (the link renders as text). */
export function safeUrl(url: string): string {
  try {
    return safeProtocols.has(new URL(url).protocol) ? url : '';
  } catch {
    return '';
  }
}

function SafeLink({ href, children }: ComponentProps<'a'>) {
  if (!href) return <span>{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

// `node` is react-markdown's hast node: not a DOM attribute, so it is not passed on.
const components: Components = {
  a: ({ node: _node, ...props }) => <SafeLink {...props} />,
  pre: ({ node, children }) => <CodeBlock node={node}>{children}</CodeBlock>,
  // Images in an answer would load from anywhere the model names: shown as their link instead.
  img: ({ src, alt }) =>
    typeof src === 'string' && safeUrl(src) ? (
      <SafeLink href={src}>{alt || src}</SafeLink>
    ) : (
      <span>{alt}</span>
    ),
};

// Sanitize first (nothing raw from the model survives; `language-*` classes do), then
// highlight: its `hljs-*` spans come from the highlighter, not from the model.
const rehypePlugins: ComponentProps<typeof ReactMarkdown>['rehypePlugins'] = [
  rehypeSanitize,
  [rehypeHighlight, { detect: false }],
];
const remarkPlugins: ComponentProps<typeof ReactMarkdown>['remarkPlugins'] = [remarkGfm];

/** One top-level block; memoized, so finished blocks of a streaming answer never re-render. */
const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <ReactMarkdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={components}
      urlTransform={safeUrl}
      skipHtml
    >
      {text}
    </ReactMarkdown>
  );
});

/**
 * An assistant's answer as GitHub-flavoured markdown (tables, task lists, strikethrough,
 * autolinks), sanitized, code highlighted with a copy button, links opening in a new tab.
 * Raw HTML from the model is dropped, never rendered. While the text streams, React may skip
 * intermediate texts (`useDeferredValue`) and only the last block is parsed again.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const deferred = useDeferredValue(text);
  const blocks = useMemo(() => markdownBlocks(deferred), [deferred]);
  return (
    <div className={styles.markdown}>
      {blocks.map((block, index) => (
        // Blocks only grow at the end: the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <MarkdownBlock key={index} text={block} />
      ))}
    </div>
  );
});
