/** Article HTML to safe, self-contained HTML and to plain text. Allow-list sanitising via sanitize-html. */
import { Parser } from 'htmlparser2';
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

// Elements whose end ends a line of the text; <br> and <hr> end one where they stand.
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'tr', 'figure', 'figcaption', 'pre', 'table', 'ul', 'ol']);
const LINE_BREAKS = new Set(['br', 'hr']);
const NON_TEXT = new Set(['script', 'style', 'textarea', 'noscript']);

/**
 * Plain text of (sanitised) HTML: one line per block, whitespace collapsed
 * inside lines. Read by htmlparser2's tokenizer alone (the sanitiser's own
 * parser, with entities decoded), not by a second sanitising pass.
 */
export function htmlToText(html: string): string {
  let text = '';
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname: (name) => {
        if (NON_TEXT.has(name)) hidden++;
      },
      onclosetag: (name, implied) => {
        if (NON_TEXT.has(name)) hidden = Math.max(0, hidden - 1);
        // A block's line ends at its written end tag (as in the sanitiser's output), a break at the break itself.
        else if ((BLOCKS.has(name) && !implied) || LINE_BREAKS.has(name)) text += '\n';
      },
      ontext: (data) => {
        if (!hidden) text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return text.split('\n').map(collapseWhitespace).filter(Boolean).join('\n');
}
