/** Field messages as sentences, so that several on one field read apart ("Use at least 12 characters. This password is too common…"). */
export function sentences(messages: string[] | undefined): string[] | undefined {
  return messages?.map((message) => (/[.!?]$/.test(message) ? message : `${message}.`));
}
