import { parseArgs } from 'node:util';
import { createAuth } from '../auth/auth.js';
import { type AuthEventSink, CLI_ACTOR } from '../auth/events.js';
import { isRole, USER_ROLES } from '../auth/roles.js';
import { resolveAuthSecret } from '../auth/secret.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { QmoDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';

export const USERS_USAGE = `Usage: qmo users <command> [options]

Commands:
  create --email <e-mail> --password <password> [--role <role>] [--name <name>]
                   create a user who signs in with e-mail and password (role default: viewer); prints its id
  list             list users: id, e-mail, role, name, grants
  set-role --email <e-mail> --role <role>   (or --id <user id>)
                   change a user's role

Roles: ${USER_ROLES.join(', ')}

With the embedded database (no DATABASE_URL), stop the host first: only one process may open it.
`;

export interface UsersCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface UsersCommandOptions {
  io?: UsersCommandIo;
  /** The audit sink for the changes made, given the opened database (the host passes its audit journal). */
  auditSink?: (db: QmoDatabase) => AuthEventSink;
}

const defaultIo: UsersCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * `qmo users …`: user administration from the command line, on the database the host uses
 * (`loaded.dataDir` or `config.databaseUrl`). `args` are the words after `users`. Resolves to the
 * process exit code.
 */
export async function runUsersCommand(
  args: string[],
  loaded: LoadedConfig,
  options: UsersCommandOptions = {},
): Promise<number> {
  const io = options.io ?? defaultIo;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USERS_USAGE}`);
    return 1;
  }
  const { positionals, values } = parsed;
  const command = positionals[0];
  if (values.help || command === undefined) {
    io.stdout(USERS_USAGE);
    return values.help ? 0 : 1;
  }
  if (!['create', 'list', 'set-role'].includes(command)) {
    io.stderr(`unknown users command "${command}"\n\n${USERS_USAGE}`);
    return 1;
  }
  if (values.role !== undefined && !isRole(values.role)) {
    io.stderr(`--role must be one of ${USER_ROLES.join(', ')}, got "${values.role}"\n`);
    return 1;
  }
  if (command === 'create' && (!values.email || !values.password)) {
    io.stderr(`users create needs --email and --password\n\n${USERS_USAGE}`);
    return 1;
  }
  if (command === 'set-role' && ((!values.email && !values.id) || !values.role)) {
    io.stderr(`users set-role needs --email (or --id) and --role\n\n${USERS_USAGE}`);
    return 1;
  }

  const { config } = loaded;
  const database = await openDatabase({
    dataDir: loaded.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  try {
    const auth = createAuth({
      db: database.db,
      baseURL: `http://127.0.0.1:${config.port}`,
      secret: resolveAuthSecret({ dataDir: loaded.dataDir }),
      ...(options.auditSink ? { onAuthEvent: options.auditSink(database.db) } : {}),
    });
    switch (command) {
      case 'create': {
        const role = isRole(values.role) ? values.role : 'viewer';
        const user = await auth.users.create(
          {
            email: values.email!,
            password: values.password!,
            role,
            ...(values.name ? { name: values.name } : {}),
          },
          CLI_ACTOR,
        );
        io.stdout(`${user.id}\n`);
        return 0;
      }
      case 'list': {
        const users = await auth.users.list();
        if (users.length === 0) {
          io.stdout('no users\n');
          return 0;
        }
        for (const u of users) {
          const grants = [
            ...u.grants.accountIds.map((a) => `account:${a}`),
            ...u.grants.deskIds.map((d) => `desk:${d}`),
          ];
          io.stdout(`${[u.id, u.email, u.role, u.name, grants.join(',') || '-'].join('\t')}\n`);
        }
        return 0;
      }
      default: {
        const user = values.id
          ? await auth.users.get(values.id)
          : await auth.users.findByEmail(values.email!);
        if (!user) {
          io.stderr(`no user ${values.id ? `with id ${values.id}` : values.email}\n`);
          return 1;
        }
        const updated = await auth.users.setRole(
          user.id,
          values.role as (typeof USER_ROLES)[number],
          CLI_ACTOR,
        );
        io.stdout(`${updated.email}: ${updated.role}\n`);
        return 0;
      }
    }
  } catch (error) {
    io.stderr(`qmo users ${command}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
