/** What extraction produces: raw strings with the layer that found them. Normalisation turns these into items. */

/**
 * Which layer of DESIGN.md's layered extraction answered: the source's own
 * selectors, its platform preset's, the site's own feed (listing only), the
 * teaser on the listing (a date the article page does not show), the page's
 * structured data, or the generic heuristics.
 */
export type Layer = 'selector' | 'preset' | 'feed' | 'listing' | 'json-ld' | 'microdata' | 'opengraph' | 'meta' | 'time-element' | 'heuristic';

export interface Candidate {
  value: string;
  layer: Layer;
}

export interface RawAttachment {
  url: string;
  title: string;
}

export interface RawArticle {
  /** The URL the page was fetched from (after redirects). */
  url: string;
  /** `<link rel="canonical">` when it points to the same site. */
  canonicalUrl: string | null;
  /** The page is a login form, not the article (a password field in its main content). */
  loginWall: boolean;
  /** Candidates per field, best layer first; normalisation takes the first that is usable. */
  title: Candidate[];
  published: Candidate[];
  author: Candidate[];
  /** Raw (unsanitised) HTML of the article body. */
  content: Candidate | null;
  attachments: RawAttachment[];
}

export interface RawListing {
  articleUrls: string[];
  /** Article URL → short texts of its teaser that may be its date, for an article page that shows none. */
  teaserDates: Record<string, string[]>;
  nextPageUrl: string | null;
  /** The site's own feeds the page names (`<link rel="alternate">`), for a page whose teasers a script draws. */
  feedUrls: string[];
  extractedBy: Layer;
}
