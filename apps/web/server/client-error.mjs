import { STATUS_CODES } from 'node:http';

const CLIENT_ERRORS = {
  HPE_INVALID_EOF_STATE: [400, 'The request ended before its body was complete: fewer bytes arrived than its Content-Length announced. Nothing was stored; send it again.'],
  HPE_HEADER_OVERFLOW: [431, 'The request headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive.'],
};

/**
 * What a client sees when Node's HTTP parser refuses its request (a body cut short of its Content-Length,
 * malformed HTTP): the JSON error every Stowage endpoint answers with, never a bare "400 Bad Request".
 */
export function answerClientError(error, socket) {
  const response = socket._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, message] = CLIENT_ERRORS[error.code] ?? [400, `The request is not valid HTTP (${error.code ?? 'parse error'}).`];
  const body = JSON.stringify({ error: { message, code: 'BAD_REQUEST', fieldErrors: null } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
