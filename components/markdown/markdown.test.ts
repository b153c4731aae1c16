import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe('Markdown (knowledge-base articles)', () => {
  it('renders headings, lists, emphasis, code and safe links', () => {
    const out = html('## Refunds\n\n- **Card**: 5 days\n- `code`\n\n[Policy](https://example.com/p) [Order](/orders)');
    expect(out).toContain('<h2>Refunds</h2>');
    expect(out).toContain('<strong>Card</strong>');
    expect(out).toContain('<code>code</code>');
    expect(out).toContain('href="https://example.com/p"');
    expect(out).toContain('href="/orders"');
  });

  it('drops raw HTML: <script>, onerror attributes, iframes and inline styles', () => {
    const out = html(
      'Hi <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n<iframe src="https://evil.test"></iframe>\n\n<p style="color:red" onclick="x()">styled</p>',
    );
    expect(out).not.toMatch(/<script|onerror|<iframe|style=|onclick/i);
    // What was between the script tags is left as inert text at most.
    expect(out).toContain('<p>Hi alert(1)</p>');
  });

  it('neutralises javascript:, vbscript: and data: links and images, also disguised', () => {
    const out = html(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](vbscript:msgbox) [d](data:text/html,<script>x</script>) ![e](javascript:alert(1)) [f](java%0ascript:alert(1)) <javascript:alert(1)>',
    );
    expect(out).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
    expect(out).not.toMatch(/src="\s*(javascript|data):/i);
    expect(out).not.toMatch(/<script/i);
  });

  it("shows images of this site; another host's image (blocked by the CSP, a tracking pixel) becomes a link", () => {
    const out = html('![chart](/kb/chart.png) ![pixel](http://evil.example/p.png) ![](//evil.example/q.png)');
    expect(out).toContain('<img src="/kb/chart.png" alt="chart"/>');
    expect(out).not.toMatch(/<img[^>]*evil\.example/);
    expect(out).toContain('href="http://evil.example/p.png"');
    expect(out).toContain('>pixel</a>');
  });

  it('keeps Chinese text and escapes angle brackets in text', () => {
    const out = html('# 如何申请退款\n\n金额 < 100 & > 0');
    expect(out).toContain('<h1>如何申请退款</h1>');
    expect(out).toContain('金额 &lt; 100 &amp; &gt; 0');
  });
});
