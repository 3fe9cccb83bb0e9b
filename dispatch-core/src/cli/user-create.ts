/**
 * `npm run user:create -- --username wang --role admin [--display-name 王主任] [--unit DY-120-01]`
 *
 * Creates an account directly in the database (the first administrator, before anyone can sign in). The
 * password is read from the C120_PASSWORD environment variable or prompted for (hidden, twice) — never from
 * the command line, where it would end up in shell history and process lists.
 */
import { parseArgs } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { migrate, openDatabase, resolveDatabaseConfig } from '@c120/db';
import { users } from '@c120/db/repositories';
import { CreateUserBody } from '../contracts/auth.ts';
import { hashPassword } from '../auth/secrets.ts';
import { insertUser, usernameTaken } from '../repositories/users.ts';
import { readSecret } from './prompt.ts';

function fail(message: string): never {
  console.error(`user:create: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      unit: { type: 'string' },
    },
    strict: true,
  });
  if (!values.username || !values.role) {
    fail(
      'usage: npm run user:create -- --username <name> --role admin|dispatcher|crew|official [--display-name <name>] [--unit <unit code>]',
    );
  }
  const password = process.env.C120_PASSWORD ?? (await readSecret(`password for ${values.username}: `, true));
  const db = await openDatabase(resolveDatabaseConfig());
  try {
    await migrate(db);
    let unitId: number | undefined;
    if (values.unit) {
      const id = await users.unitIdByCode(db, values.unit);
      if (id === null) fail(`no unit with code "${values.unit}"`);
      unitId = id;
    }
    const body = {
      username: values.username,
      displayName: values['display-name'] ?? values.username,
      role: values.role,
      password,
      ...(unitId !== undefined ? { unitId } : {}),
    };
    if (!Value.Check(CreateUserBody, body)) {
      const first = [...Value.Errors(CreateUserBody, body)][0];
      fail(`${first?.path.replace(/^\//, '') || 'input'}: ${first?.message ?? 'invalid'}`);
    }
    if (body.role === 'crew' && unitId === undefined) fail('a crew account needs --unit <unit code>');
    if (await usernameTaken(db, body.username)) fail(`username "${body.username}" exists (regardless of case)`);
    const user = await insertUser(db, {
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      unitId: unitId ?? null,
      passwordHash: await hashPassword(password),
    });
    console.log(`created ${user.role} "${user.username}" (id ${user.id})`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
