import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { renderApp } from '../test/renderApp';
import { downscalePicture } from './downscale';

vi.mock('../api/client', () => import('../test/apiMock'));
// jsdom has no canvas or createImageBitmap: the downscaling itself is tested in downscale.test.ts.
vi.mock('./downscale', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./downscale')>()),
  downscalePicture: vi.fn(),
}));

const downscale = vi.mocked(downscalePicture);

const OLD_URL = '/media/avatars/1-0011223344556677.jpg';
const NEW_URL = '/media/avatars/1-8899aabbccddeeff.jpg';
const UNSUPPORTED = { key: 'fieldError.pictureUnsupported' };

/** The first bytes of a PNG file, and the same bytes as base64. */
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const PNG_BASE64 = 'iVBORw0KGgoAAAAN';

const withAvatar: api.Profile = { ...api.aliceProfile, avatar: OLD_URL };

function pngFile(): File {
  return new File([PNG_BYTES], 'me.png', { type: 'image/png' });
}

async function renderProfile(profile: api.Profile, language: 'en' | 'es' = 'en') {
  api.getProfile.mockResolvedValue(profile);
  const rendered = renderApp(language);
  await screen.findByRole('heading', { name: language === 'en' ? 'Your profile' : 'Tu perfil' });
  return rendered;
}

function chooser(): HTMLInputElement {
  return screen.getByLabelText<HTMLInputElement>('Profile picture', { exact: true });
}

function dropZone(): HTMLElement {
  const zone = screen.getByText('or drop a picture here').closest<HTMLElement>('.avatar-uploader');
  if (!zone) throw new Error('no drop zone');
  return zone;
}

function currentPicture(name = 'Your profile picture'): HTMLElement | null {
  return screen.queryByRole('img', { name });
}

let objectUrls = 0;
const createObjectURL = vi.fn((_blob: Blob) => `blob:preview-${++objectUrls}`);
const revokeObjectURL = vi.fn((_url: string) => {});

beforeEach(() => {
  api.resetApiMock();
  objectUrls = 0;
  createObjectURL.mockClear();
  revokeObjectURL.mockClear();
  // jsdom does not implement object URLs.
  Object.assign(URL, { createObjectURL, revokeObjectURL });
  downscale.mockReset();
  downscale.mockImplementation(async (file) => file);
});

afterEach(() => {
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

describe('avatar uploader', () => {
  it('lets a user without a picture add one: initials, a preview with progress, then the saved picture', async () => {
    const { user } = await renderProfile(api.aliceProfile);
    expect(screen.getByTestId('avatar-placeholder')).toHaveTextContent('AL');
    expect(currentPicture()).not.toBeInTheDocument();
    expect(chooser()).toHaveAttribute('type', 'file');
    expect(chooser()).toHaveAttribute('accept', 'image/jpeg,image/png,image/gif,image/webp,image/bmp');
    expect(screen.getByText('Add picture')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove picture' })).not.toBeInTheDocument();

    const pending = api.deferred<api.Profile>();
    api.setAvatar.mockReturnValue(pending.promise);
    const file = pngFile();
    await user.upload(chooser(), file);

    expect(downscale).toHaveBeenCalledWith(file);
    await waitFor(() => expect(api.setAvatar).toHaveBeenCalledWith(PNG_BASE64));
    // The chosen picture shows at once, with the upload in progress.
    const preview = screen.getByRole('img', { name: 'Preview of your new profile picture' });
    expect(preview).toHaveAttribute('src', 'blob:preview-1');
    expect(screen.getByRole('progressbar', { name: 'Saving your picture' })).toHaveAttribute(
      'aria-valuetext',
      'Uploading…',
    );
    expect(dropZone()).toHaveAttribute('aria-busy', 'true');

    pending.resolve({ ...api.aliceProfile, avatar: NEW_URL });

    await waitFor(() => expect(currentPicture()).toHaveAttribute('src', NEW_URL));
    expect(screen.queryByTestId('avatar-placeholder')).not.toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(dropZone()).not.toHaveAttribute('aria-busy');
    expect(screen.getByText('Your picture was saved.')).toBeInTheDocument();
    // The preview's URL is released by an effect's cleanup, after the commit.
    await waitFor(() => expect(revokeObjectURL).toHaveBeenCalledWith('blob:preview-1'));
    expect(screen.getByText('Change picture')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove picture' })).toBeInTheDocument();
    expect(api.setAvatar).toHaveBeenCalledTimes(1);
  });

  it('sends the downsized picture instead of the original when there is one', async () => {
    const { user } = await renderProfile(api.aliceProfile);
    downscale.mockResolvedValue(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' }));
    api.setAvatar.mockResolvedValue({ ...api.aliceProfile, avatar: NEW_URL });
    await user.upload(chooser(), pngFile());
    await waitFor(() => expect(api.setAvatar).toHaveBeenCalledWith('/9j/4A=='));
  });

  it('previews what is sent: the redrawn picture, not the chosen file', async () => {
    const { user } = await renderProfile(api.aliceProfile);
    const redrawn = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });
    const prepared = api.deferred<Blob>();
    downscale.mockReturnValue(prepared.promise);
    api.setAvatar.mockReturnValue(api.deferred<api.Profile>().promise);
    await user.upload(chooser(), pngFile());
    expect(await screen.findByRole('progressbar', { name: 'Saving your picture' })).toHaveAttribute('aria-valuetext', 'Preparing…');
    expect(createObjectURL).not.toHaveBeenCalled();
    prepared.resolve(redrawn);
    expect(await screen.findByRole('img', { name: 'Preview of your new profile picture' })).toHaveAttribute('src', 'blob:preview-1');
    expect(createObjectURL).toHaveBeenCalledExactlyOnceWith(redrawn);
  });

  it('marks when the picture was prepared and when the backend saved it (for the benchmark)', async () => {
    performance.clearMarks();
    const { user } = await renderProfile(api.aliceProfile);
    downscale.mockResolvedValue(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' }));
    const saved = api.deferred<api.Profile>();
    api.setAvatar.mockReturnValue(saved.promise);
    await user.upload(chooser(), pngFile());
    await waitFor(() => expect(performance.getEntriesByName('avatar:prepared')).toHaveLength(1));
    expect(performance.getEntriesByName('avatar:saved')).toHaveLength(0);
    saved.resolve({ ...api.aliceProfile, avatar: NEW_URL });
    await waitFor(() => expect(performance.getEntriesByName('avatar:saved')).toHaveLength(1));
  });

  it('shows the backend refusal, translated, and keeps the previous picture', async () => {
    const { user } = await renderProfile(withAvatar);
    expect(currentPicture()).toHaveAttribute('src', OLD_URL);
    api.setAvatar.mockRejectedValue(new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { avatar: UNSUPPORTED }));

    // The declared type lies: the client check lets it through and the backend judges the bytes.
    await user.upload(chooser(), new File(['just some notes'], 'notes.jpg', { type: 'image/jpeg' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('That picture is not in a supported format. Use a JPEG, PNG, GIF, WebP or BMP image.');
    expect(api.setAvatar).toHaveBeenCalledWith(btoa('just some notes'));
    expect(currentPicture()).toHaveAttribute('src', OLD_URL);
    expect(currentPicture('Preview of your new profile picture')).not.toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    // The preview's URL is released by an effect's cleanup, after the commit.
    await waitFor(() => expect(revokeObjectURL).toHaveBeenCalledWith('blob:preview-1'));
  });

  it('rolls back to the initials when a first picture is refused, in Spanish too', async () => {
    const { user } = await renderProfile(api.aliceProfile, 'es');
    api.setAvatar.mockRejectedValue(new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { avatar: { key: 'fieldError.pictureUnreadable' } }));
    const input = screen.getByLabelText('Foto de perfil', { exact: true });
    await user.upload(input, pngFile());

    expect(await screen.findByRole('alert')).toHaveTextContent('No se pudo leer esa imagen. Puede estar dañada: elige otra.');
    expect(screen.getByTestId('avatar-placeholder')).toHaveTextContent('AL');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.getByText('Añadir foto')).toBeInTheDocument();
  });

  it('refuses a file that is not an image, or is over 10 MiB, without sending it', async () => {
    await renderProfile(withAvatar);
    // The file chooser's accept filter is not the only gate: drops and other pickers bypass it.
    const user = userEvent.setup({ applyAccept: false });

    await user.upload(chooser(), new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That file is not a picture. Choose a JPEG, PNG, GIF, WebP or BMP image.',
    );

    const big = pngFile();
    Object.defineProperty(big, 'size', { value: 10 * 1024 * 1024 + 1 });
    await user.upload(chooser(), big);
    expect(await screen.findByRole('alert')).toHaveTextContent('That picture is larger than 10 MiB.');

    expect(api.setAvatar).not.toHaveBeenCalled();
    expect(downscale).not.toHaveBeenCalled();
    expect(createObjectURL).not.toHaveBeenCalled();
    expect(currentPicture()).toHaveAttribute('src', OLD_URL);

    // A good picture afterwards clears the message.
    api.setAvatar.mockResolvedValue({ ...withAvatar, avatar: NEW_URL });
    await user.upload(chooser(), pngFile());
    await waitFor(() => expect(currentPicture()).toHaveAttribute('src', NEW_URL));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('sends an upload that finds the session ended to the sign-in screen', async () => {
    const { user } = await renderProfile(withAvatar);
    api.setAvatar.mockRejectedValue(new api.AppError('unauthenticated', { key: 'error.sessionEnded' }));
    await user.upload(chooser(), pngFile());
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('is reached with Tab right after the page heading', async () => {
    const { user } = await renderProfile(withAvatar);
    screen.getByRole('heading', { name: 'Your profile' }).focus();
    await user.tab();
    expect(chooser()).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Remove picture' })).toHaveFocus();
  });

  it('removes the picture only after confirmation; Esc and Cancel keep it', async () => {
    const { user } = await renderProfile(withAvatar);
    const opener = screen.getByRole('button', { name: 'Remove picture' });

    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Remove profile picture' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();

    await user.click(opener);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.removeAvatar).not.toHaveBeenCalled();
    expect(currentPicture()).toHaveAttribute('src', OLD_URL);

    api.removeAvatar.mockResolvedValue({ ...withAvatar, avatar: null });
    await user.click(opener);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }));

    expect(api.removeAvatar).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByTestId('avatar-placeholder')).toHaveTextContent('AL');
    expect(currentPicture()).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove picture' })).not.toBeInTheDocument();
    expect(screen.getByText('Your picture was removed.')).toBeInTheDocument();
    expect(chooser()).toHaveFocus();
  });

  it('keeps the dialog open with the error when the removal fails', async () => {
    const { user } = await renderProfile(withAvatar);
    api.removeAvatar.mockRejectedValue('runtime: connection lost');
    await user.click(screen.getByRole('button', { name: 'Remove picture' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove profile picture' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Something went wrong. Please try again.');
    expect(currentPicture()).toHaveAttribute('src', OLD_URL);
  });

  it('uploads a picture dropped on the avatar area, highlighting it while dragging', async () => {
    await renderProfile(api.aliceProfile);
    api.setAvatar.mockResolvedValue({ ...api.aliceProfile, avatar: NEW_URL });
    const zone = dropZone();
    const file = pngFile();

    fireEvent.dragOver(zone, { dataTransfer: { types: ['Files'], files: [] } });
    expect(zone).toHaveClass('avatar-uploader--dragging');
    fireEvent.dragLeave(zone, { relatedTarget: document.body });
    expect(zone).not.toHaveClass('avatar-uploader--dragging');

    // Dragged text is not a picture to upload.
    fireEvent.drop(zone, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(downscale).not.toHaveBeenCalled();

    fireEvent.dragEnter(zone, { dataTransfer: { types: ['Files'], files: [] } });
    fireEvent.drop(screen.getByTestId('avatar-placeholder'), { dataTransfer: { types: ['Files'], files: [file] } });
    expect(zone).not.toHaveClass('avatar-uploader--dragging');

    expect(downscale).toHaveBeenCalledWith(file);
    await waitFor(() => expect(api.setAvatar).toHaveBeenCalledWith(PNG_BASE64));
    await waitFor(() => expect(currentPicture()).toHaveAttribute('src', NEW_URL));
  });
});
