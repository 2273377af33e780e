const ACRONYMS = new Set(['OK', 'URI', 'HTTP', 'IM']);

function words(phrase: string, code: number): string[] {
  return phrase === '(Unused)' ? ['Unused', String(code)] : phrase.replace(/'/g, '').split(/[\s-]+/);
}

/**
 * The names statuskit derives from an IANA phrase: the sentence-case message (`Not found`,
 * acronyms kept: `URI too long`), the constant (`NOT_FOUND`) and, for 4xx/5xx, the error class
 * (`NotFoundError`; a phrase ending in "Error" keeps one).
 *
 * @example
 * namesFor(413, 'Content Too Large') // { message: 'Content too large', constant: 'CONTENT_TOO_LARGE', errorClass: 'ContentTooLargeError' }
 */
export function namesFor(
  code: number,
  phrase: string,
): { message: string; constant: string; errorClass: string | undefined } {
  const message =
    phrase === '(Unused)'
      ? 'Unused'
      : phrase
          .split(' ')
          .map((w, i) => (ACRONYMS.has(w) ? w : i === 0 ? w[0] + w.slice(1).toLowerCase() : w.toLowerCase()))
          .join(' ');
  const parts = words(phrase, code);
  const constant = parts.map((w) => w.toUpperCase()).join('_');
  const pascal = parts.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  const errorClass = code >= 400 ? (pascal.endsWith('Error') ? pascal : `${pascal}Error`) : undefined;
  return { message, constant, errorClass };
}
