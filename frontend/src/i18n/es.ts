import type { Dictionary } from './en';

/** Spanish texts (the web service's users speak Spanish). */
export const es: Dictionary = {
  'app.name': 'PassDesk',
  'app.tagline': 'Tu cuenta, guardada en este equipo.',
  'app.loading': 'Cargando PassDesk…',
  'app.startFailed': 'PassDesk no pudo iniciarse.',
  'app.retry': 'Reintentar',

  'common.optional': 'Opcional',
  'common.notSet': 'Sin indicar',
  'common.cancel': 'Cancelar',

  'field.login': 'Correo o nombre de usuario',
  'field.username': 'Nombre de usuario',
  'field.email': 'Correo electrónico',
  'field.password': 'Contraseña',
  'field.firstName': 'Nombre',
  'field.lastName': 'Apellidos',
  'field.phone': 'Teléfono',

  'signIn.title': 'Iniciar sesión',
  'signIn.intro': 'Hola de nuevo. Inicia sesión para abrir tu perfil.',
  'signIn.submit': 'Iniciar sesión',
  'signIn.noAccount': '¿Eres nuevo en PassDesk?',
  'signIn.toSignUp': 'Crear una cuenta',

  'signUp.title': 'Crea tu cuenta',
  'signUp.intro': 'Tu cuenta se guarda solo en este equipo.',
  'signUp.usernameHint': 'Solo letras, dígitos y @ . + - _.',
  'signUp.passwordHint': 'Al menos 8 caracteres, no solo dígitos.',
  'signUp.phoneHint': 'Hasta 10 dígitos, con un + inicial opcional.',
  'signUp.submit': 'Crear cuenta',
  'signUp.haveAccount': '¿Ya te registraste?',
  'signUp.toSignIn': 'Ya tengo una cuenta',

  'notice.locked': 'PassDesk se bloqueó tras un periodo de inactividad. Vuelve a iniciar sesión para continuar.',
  'notice.draftKept':
    'Tus cambios sin guardar del perfil se conservan y se restaurarán cuando vuelvas a iniciar sesión con la misma cuenta.',
  'notice.deleted': 'Tu cuenta se eliminó.',
  'notice.signedOut': 'Cerraste la sesión.',

  'header.signedInAs': 'Sesión iniciada como {name}',
  'session.signOut': 'Cerrar sesión',

  'profile.title': 'Tu perfil',
  'profile.details': 'Datos de la cuenta',
  'profile.edit': 'Editar perfil',
  'profile.saving': 'Guardando los cambios…',
  'profile.saved': 'Tu perfil se guardó.',
  'profile.restored': 'Se restauraron tus cambios sin guardar. Revísalos y guárdalos.',
  'profile.memberSince': 'Miembro desde {date}',

  'edit.title': 'Editar perfil',
  'edit.phoneHint': 'Déjalo vacío para quitar tu teléfono.',
  'edit.save': 'Guardar cambios',

  'delete.open': 'Eliminar cuenta',
  'delete.title': 'Eliminar cuenta',
  'delete.warning':
    'Esta acción es permanente y no se puede deshacer. Se eliminarán tu perfil y todos los datos guardados para él en este equipo.',
  'delete.passwordHint': 'Escribe tu contraseña para confirmar.',
  'delete.confirm': 'Eliminar mi cuenta para siempre',

  'settings.title': 'Ajustes',
  'settings.idleLabel': 'Bloquear tras inactividad (minutos)',
  'settings.idleHint': 'De 1 a 240. PassDesk cierra la sesión tras este tiempo sin actividad.',
  'settings.save': 'Guardar ajustes',
  'settings.saved': 'Ajustes guardados.',
  'settings.loading': 'Cargando ajustes…',

  'error.generic': 'Algo salió mal. Inténtalo de nuevo.',
  'error.fieldsInvalid': 'Algunos campos no son válidos.',
  'error.wrongCredentials': 'Correo o contraseña incorrectos.',
  'error.sessionEnded': 'Tu sesión terminó. Vuelve a iniciar sesión.',
  'error.lockedBackend': 'PassDesk se bloqueó tras un periodo de inactividad. Vuelve a iniciar sesión.',
  'error.signInPlease': 'Inicia sesión.',
  'error.accountGone': 'Esta cuenta ya no existe.',

  'fieldError.required': 'es obligatorio',
  'fieldError.inUse': 'ya está en uso',
  'fieldError.tooLong': 'debe tener como máximo {n} caracteres',
  'fieldError.tooShort': 'debe tener al menos {n} caracteres',
  'fieldError.usernameChars': 'solo puede contener letras, dígitos y @ . + - _',
  'fieldError.invalidEmail': 'no es una dirección de correo válida',
  'fieldError.controlChars': 'no debe contener caracteres de control',
  'fieldError.phoneChars': 'solo puede contener dígitos, con un + inicial opcional',
  'fieldError.onlyDigits': 'no debe contener solo dígitos',
  'fieldError.notCorrect': 'no es correcta',
  'fieldError.range': 'debe estar entre {min} y {max} minutos',
  'fieldError.wholeNumber': 'debe ser un número entero',
};
