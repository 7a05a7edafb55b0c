/** Give a normalised article its identity: id from the canonical URL, a text fingerprint for edit detection. */
import type { NormalizedArticle } from '../normalize/article.js';
import { canonicalUrlKey, cleanUrl, contentFingerprint, itemIdForUrl } from './url.js';
import { textSignature } from './similar.js';

export interface IdentifiedArticle extends NormalizedArticle {
  id: string;
  /** Identity keys of every URL this article was reached by. */
  urlKeys: string[];
  contentHash: string;
  /** MinHash signature of the body, for near-duplicates across sources (null for a text too short). */
  signature: number[] | null;
}

/** The page's own `rel=canonical` wins over the URL it was reached by, so two URLs of one article meet in one id. */
export function identifyArticle(article: NormalizedArticle, requestedUrl: string): IdentifiedArticle {
  const url = cleanUrl(article.canonicalUrl ?? article.url);
  const urlKeys = [...new Set([url, article.url, requestedUrl].map(canonicalUrlKey))];
  return {
    ...article,
    url,
    id: itemIdForUrl(url),
    urlKeys,
    contentHash: contentFingerprint(`${article.title}\n${article.contentText}`),
    signature: textSignature(article.contentText),
  };
}
