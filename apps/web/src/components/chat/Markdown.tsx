'use client';

import { type ComponentProps, memo, useEffect, useMemo, useRef, useState } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { markdownGroups } from '../../lib/markdown-blocks.ts';
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

/*
 * rehype-highlight registers every grammar it knows each time it is attached, and react-markdown
 * attaches its plugins on every render: tens of milliseconds per block, a frozen page for a long
 * answer. It is attached once here, and each render reuses its transformer (which keeps no
 * state between trees).
 */
const highlight = rehypeHighlight({ detect: false });
const highlightOnce = () => highlight;

// Sanitize first (nothing raw from the model survives; `language-*` classes do), then
// highlight: its `hljs-*` spans come from the highlighter, not from the model.
const rehypePlugins: ComponentProps<typeof ReactMarkdown>['rehypePlugins'] = [rehypeSanitize, highlightOnce];
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

/** Characters per rendered group (see `markdownGroups`). */
const groupLength = 1024;

/** A group not rendered as markdown yet: its text, readable at once. */
const PlainGroup = memo(function PlainGroup({ text }: { text: string }) {
  return <p className={styles.pending}>{text}</p>;
});

/**
 * One group, parsed as markdown once it comes near the screen; until then its plain text. Parsing
 * costs milliseconds per kilobyte, so a long conversation or a long answer parses only what a
 * person can see, and a group once shown stays rendered.
 */
function Group({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement | null>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return (
    <div ref={ref} className={styles.group}>
      {near ? <MarkdownBlock text={text} /> : <PlainGroup text={text} />}
    </div>
  );
}

/** The text in groups, each memoized: only new or changed groups parse again. */
const MarkdownBody = memo(function MarkdownBody({ text }: { text: string }) {
  const groups = useMemo(() => markdownGroups(text, groupLength), [text]);
  // Groups only grow at the end: the index is a stable key.
  // biome-ignore lint/suspicious/noArrayIndexKey: see above
  return groups.map((group, index) => <Group key={index} text={group} />);
});

/**
 * The text as last shown, updated at most every `intervalMs` while it keeps changing (the last
 * change always lands). A streaming answer changes with every delta, many per frame; parsing
 * it that often is what freezes a page, and nobody reads faster than this.
 */
function useThrottledText(text: string, intervalMs: number): string {
  const [shown, setShown] = useState(text);
  const shownAt = useRef(0);
  useEffect(() => {
    if (text === shown) return;
    const show = () => {
      shownAt.current = Date.now();
      setShown(text);
    };
    const wait = shownAt.current + intervalMs - Date.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [text, shown, intervalMs]);
  return shown;
}

/**
 * An assistant's answer as GitHub-flavoured markdown (tables, task lists, strikethrough,
 * autolinks), sanitized, code highlighted with a copy button, links opening in a new tab.
 * Raw HTML from the model is dropped, never rendered. While the text streams it is shown every
 * 100 ms and only its last group is parsed again; groups far from the screen wait as plain text.
 */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const shown = useThrottledText(text, 100);
  return (
    <div className={styles.markdown}>
      <MarkdownBody text={shown} />
    </div>
  );
});
