/**
 * A password for a CLI command, never as an argument (it would stay in the shell's history and in
 * `ps` for anyone on the machine): read from standard input when that is a pipe or a file (scripts,
 * `printf '%s\n' "$PASSWORD" | huimin admin create …`), else asked for twice at the terminal without echo.
 */

/** Everything on standard input, less one line ending: what `echo` or a file's last line adds. */
async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** One line typed at the terminal, shown as nothing; Ctrl-C ends the command. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve) => {
    let typed: string[] = [];
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      resolve(typed.join(''));
    };
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n' || character === '\u0004') return finish();
        if (character === '\u0003') {
          input.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else if (character >= ' ') typed.push(character);
      }
    };
    process.stderr.write(prompt);
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** The password, or null when the two typed at the terminal differ. */
export async function readPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) return readPiped();
  const first = await askHidden('password: ');
  const again = await askHidden('password again: ');
  return first === again ? first : null;
}
