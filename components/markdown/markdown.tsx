import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';

// Markdown written by users (knowledge-base articles), rendered safely on the server and in the
// editor's preview. Three layers: raw HTML in the source is dropped (skipHtml: no <script>, no
// onerror=…), react-markdown's URL filter drops javascript:/data: links, and rehype-sanitize (GitHub's
// allow-list) removes anything else unexpected. Nothing inline is rendered, so the page's CSP
// (no inline scripts) holds.

const schema = { ...defaultSchema, clobberPrefix: 'md-' };

/**
 * Images from this site only. The page's CSP (img-src 'self') blocks any other host, so such an
 * image showed as a broken icon, and it would be a tracking pixel (who read the article, when) were
 * the CSP ever relaxed: it becomes a link to the image, named by its alt text.
 */
function ArticleImage({ src, alt }: { src?: string | Blob; alt?: string }) {
  if (typeof src !== 'string' || !src) return alt ? <span>{alt}</span> : null;
  if (src.startsWith('/') && !src.startsWith('//'))
    // biome-ignore lint/performance/noImgElement: an article's own image of unknown size, as Markdown renders it
    return <img src={src} alt={alt ?? ''} />;
  return (
    <a href={src} rel="noopener noreferrer nofollow" target="_blank">
      {alt || src}
    </a>
  );
}

/** Links and images: http(s), mailto, tel and relative paths only (defaultUrlTransform's safe list). */
function safeUrl(url: string): string {
  return defaultUrlTransform(url);
}

const prose = [
  'space-y-3 text-sm leading-6 text-slate-800 break-words',
  '[&_h1]:text-xl [&_h1]:font-semibold [&_h2]:mt-5 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:font-semibold',
  '[&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1',
  '[&_a]:text-brand-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:text-[0.85em]',
  '[&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_blockquote]:border-l-4',
  '[&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_img]:max-w-full',
].join(' ');

export function Markdown({ source, className }: { source: string; className?: string }) {
  return (
    <div className={className ? `${prose} ${className}` : prose}>
      <ReactMarkdown
        skipHtml
        urlTransform={safeUrl}
        rehypePlugins={[[rehypeSanitize, schema]]}
        components={{ img: ({ src, alt }) => <ArticleImage src={src} alt={alt} /> }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
