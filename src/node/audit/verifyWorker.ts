// The log verifier's own thread (dist/log-verifier.js): reads and checks a log's files while the extension host's loop keeps turning.
import { parentPort, workerData } from 'node:worker_threads';
import { verifyFiles } from './verifyFiles';
import type { VerifierMessage, VerifierRequest } from './verifyThread';

const request = workerData as VerifierRequest;
const post = (message: VerifierMessage): void => parentPort?.postMessage(message);
const result = verifyFiles(request.files, request.options, (progress) => post({ type: 'progress', progress }), request.progressMs);
post({ type: 'done', result });
