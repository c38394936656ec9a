// Decodes and redraws chosen pictures off the window's thread (see
// downscalePicture): each request gets one answer (a Shrunk) under its id.
import { shrinkOn, workerSurface } from './shrink';

interface Request {
  id: number;
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
  const { id, picture, maxSide } = event.data;
  void shrinkOn(workerSurface, picture, maxSide).then((result) => scope.postMessage({ id, result }));
};
