/** The Library API scopes that still exist (since 2025-03-31), plus ours for the sync extension. */
export const scopes = {
  appendOnly: 'https://www.googleapis.com/auth/photoslibrary.appendonly',
  readAppCreated: 'https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata',
  editAppCreated: 'https://www.googleapis.com/auth/photoslibrary.edit.appcreateddata',
  /** Ours, not Google's (hence the .invalid host): the gallery's two-way sync sees and changes the whole library. */
  gallerySync: 'https://gallery-sync.invalid/auth/photos.sync',
} as const;

export type Scope = (typeof scopes)[keyof typeof scopes];

export const allScopes: readonly Scope[] = Object.values(scopes);

export function isScope(value: string): value is Scope {
  return (allScopes as readonly string[]).includes(value);
}
