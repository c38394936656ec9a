/** English texts: the reference dictionary. Every other language has exactly these keys. */
export const en = {
  'app.name': 'PassDesk',
  'app.tagline': 'Your account, kept on this computer.',
  'app.loading': 'Loading PassDesk…',
  'app.startFailed': 'PassDesk could not start.',
  'app.retry': 'Try again',

  'common.optional': 'Optional',
  'common.notSet': 'Not set',
  'common.cancel': 'Cancel',

  'field.login': 'Email or username',
  'field.username': 'Username',
  'field.email': 'Email',
  'field.password': 'Password',
  'field.firstName': 'First name',
  'field.lastName': 'Last name',
  'field.phone': 'Phone number',

  'signIn.title': 'Sign in',
  'signIn.intro': 'Welcome back. Sign in to open your profile.',
  'signIn.submit': 'Sign in',
  'signIn.noAccount': 'New to PassDesk?',
  'signIn.toSignUp': 'Create an account',

  'signUp.title': 'Create your account',
  'signUp.intro': 'Your account is stored only on this computer.',
  'signUp.usernameHint': 'Letters, digits and @ . + - _ only.',
  'signUp.passwordHint': 'At least 8 characters, not only digits.',
  'signUp.phoneHint': 'Up to 10 digits, with an optional leading +.',
  'signUp.submit': 'Create account',
  'signUp.haveAccount': 'Already registered?',
  'signUp.toSignIn': 'I already have an account',

  'notice.locked': 'PassDesk locked after a period of inactivity. Sign in again to continue.',
  'notice.draftKept':
    'Your unsaved profile changes are kept and will be restored after you sign in again with the same account.',
  'notice.deleted': 'Your account was deleted.',
  'notice.signedOut': 'You signed out.',

  'header.signedInAs': 'Signed in as {name}',
  'session.signOut': 'Sign out',

  'profile.title': 'Your profile',
  'profile.details': 'Account details',
  'profile.edit': 'Edit profile',
  'profile.saving': 'Saving your changes…',
  'profile.saved': 'Your profile was saved.',
  'profile.restored': 'Your unsaved changes were restored. Review them and save.',
  'profile.memberSince': 'Member since {date}',

  'edit.title': 'Edit profile',
  'edit.phoneHint': 'Leave empty to remove your phone number.',
  'edit.save': 'Save changes',

  'delete.open': 'Delete account',
  'delete.title': 'Delete account',
  'delete.warning':
    'This is permanent and cannot be undone. Your profile and all the data saved for it on this computer will be removed.',
  'delete.passwordHint': 'Type your password to confirm.',
  'delete.confirm': 'Delete my account permanently',

  'settings.title': 'Settings',
  'settings.idleLabel': 'Lock after inactivity (minutes)',
  'settings.idleHint': 'From 1 to 240. PassDesk signs you out after this long without activity.',
  'settings.save': 'Save settings',
  'settings.saved': 'Settings saved.',
  'settings.loading': 'Loading settings…',

  'error.generic': 'Something went wrong. Please try again.',
  'error.fieldsInvalid': 'Some fields are not valid.',
  'error.wrongCredentials': 'Wrong email or password.',
  'error.sessionEnded': 'Your session has ended. Please sign in again.',
  'error.lockedBackend': 'PassDesk locked itself after a period of inactivity. Please sign in again.',
  'error.signInPlease': 'Please sign in.',
  'error.accountGone': 'This account no longer exists.',

  'fieldError.required': 'is required',
  'fieldError.inUse': 'already in use',
  'fieldError.tooLong': 'must be at most {n} characters',
  'fieldError.tooShort': 'must be at least {n} characters',
  'fieldError.usernameChars': 'may contain only letters, digits and @ . + - _',
  'fieldError.invalidEmail': 'is not a valid email address',
  'fieldError.controlChars': 'must not contain control characters',
  'fieldError.phoneChars': 'may contain only digits, with an optional leading +',
  'fieldError.onlyDigits': 'must not be only digits',
  'fieldError.notCorrect': 'is not correct',
  'fieldError.range': 'must be between {min} and {max} minutes',
  'fieldError.wholeNumber': 'must be a whole number',
} as const;

export type MessageKey = keyof typeof en;
export type Dictionary = Readonly<Record<MessageKey, string>>;
