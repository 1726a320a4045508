/** A database URL fit for logs and error messages: the password (also one given as a parameter) is removed. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    for (const name of [...parsed.searchParams.keys()]) {
      if (/pass/i.test(name)) parsed.searchParams.set(name, 'redacted');
    }
    return parsed.toString();
  } catch {
    // Not a URL we can parse: repeat nothing of it, it could hold a secret.
    return '<unparseable database URL>';
  }
}
