// Decodes and redraws a chosen picture off the window's thread (see
// downscalePicture): one request, one answer (a Shrunk), then the window
// ends the worker.
import { shrinkOn, workerSurface } from './shrink';

interface Request {
  picture: Blob;
  maxSide: number;
}

// The worker's global scope, typed by what is used of it (the DOM library
// this project compiles with has no WorkerGlobalScope).
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage: (message: unknown) => void;
};

scope.onmessage = (event) => {
  void shrinkOn(workerSurface, event.data.picture, event.data.maxSide).then((result) => scope.postMessage(result));
};
