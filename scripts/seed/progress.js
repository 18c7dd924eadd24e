// Progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise one line per
// phase (so that logs of CI and benchmark runs stay short).
class Progress {
  constructor(stream = process.stderr, quiet = false) {
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.quiet = quiet;
    this.started = Date.now();
    this.phaseStarted = this.started;
    this.lastDraw = 0;
  }

  /** Starts a phase (and ends the previous one's bar). */
  phase(name, detail = '') {
    this.endBar();
    this.phaseStarted = Date.now();
    this.name = name;
    this.write(`seed: ${name}${detail ? ` (${detail})` : ''}\n`);
  }

  /** Redraws the bar: done of total, rate and time left (terminals only, at most 10 times a second). */
  tick(done, total) {
    if (!this.tty || this.quiet) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const seconds = (now - this.phaseStarted) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? Math.round((total - done) / rate) : 0;
    this.stream.write(
      `\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} patients, ${Math.round(rate)}/s, ${left}s left `,
    );
    this.barShown = true;
  }

  endBar() {
    if (this.barShown) this.stream.write('\n');
    this.barShown = false;
  }

  done(summary) {
    this.endBar();
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.write(`seed: done in ${seconds}s ${summary}\n`);
  }

  write(text) {
    if (!this.quiet) this.stream.write(text);
  }
}

module.exports = { Progress };
