/** Article HTML to safe, self-contained HTML and to plain text. Allow-list sanitising via sanitize-html. */
import sanitizeHtml from 'sanitize-html';
import { collapseWhitespace, stripXmlInvalid } from './text.js';

const ALLOWED_TAGS = [
  'p', 'br', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'u', 'sub', 'sup',
  'a', 'img', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'figure', 'figcaption', 'hr', 'pre', 'code',
];

function absolute(url: string | undefined, baseUrl: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url.trim(), baseUrl).href;
  } catch {
    return undefined;
  }
}

/**
 * Keep only structural markup; drop scripts, styles, handlers, iframes and
 * forms; make every link and image absolute against `baseUrl`. Runs last on
 * content, after everything that still needs the original markup.
 */
export function sanitizeArticleHtml(html: string, baseUrl: string): string {
  const clean = sanitizeHtml(stripXmlInvalid(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'form', 'button', 'select'],
    transformTags: {
      h1: 'h2',
      // A link whose target is unusable keeps its text; an image without a usable source is dropped.
      a: (tagName, { href, ...attribs }) => {
        const target = absolute(href, baseUrl);
        return { tagName, attribs: target ? { ...attribs, href: target } : attribs };
      },
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: absolute(attribs.src, baseUrl) ?? '' } }),
    },
    exclusiveFilter: (frame) =>
      (frame.tag === 'p' && !frame.text.trim() && !frame.mediaChildren.length) || (frame.tag === 'img' && !frame.attribs.src),
  });
  return clean.replace(/\n{3,}/g, '\n\n').trim();
}

const BLOCK_END = /<\/(p|h[1-6]|li|blockquote|tr|figure|figcaption|pre|table|ul|ol)>|<br\s*\/?>|<hr\s*\/?>/gi;

/** Plain text of (sanitised) HTML: one line per block, whitespace collapsed inside lines. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(BLOCK_END, (tag) => `${tag}\n`);
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'noscript'] });
  return decodeEntities(text)
    .split('\n')
    .map(collapseWhitespace)
    .filter(Boolean)
    .join('\n');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}
