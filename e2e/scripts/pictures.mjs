/**
 * The pictures a README shows from docs/screenshots: every `docs/screenshots/<name>.png` it names, once each,
 * in order of appearance.
 * @param {string} readme
 * @returns {string[]}
 */
export function readmePictures(readme) {
  return [...new Set([...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((match) => /** @type {string} */ (match[1])))];
}
