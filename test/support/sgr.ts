// Reads `tmux capture-pane -e` output: each character with the colours and
// attributes tmux drew it with, so a test can tell what a user would see.

/** A colour as tmux reports it: 'default', or a palette index 0-255, or '#rrggbb'. */
export type Colour = 'default' | number | string;

export interface Cell {
  ch: string;
  fg: Colour;
  bg: Colour;
  bold: boolean;
  inverse: boolean;
}

interface Pen {
  fg: Colour;
  bg: Colour;
  bold: boolean;
  inverse: boolean;
}

const RESET: Pen = { fg: 'default', bg: 'default', bold: false, inverse: false };

/** Applies the parameters of one SGR sequence (`ESC [ ... m`) to @pen. */
function applySgr(pen: Pen, params: string): Pen {
  const next = { ...pen };
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) Object.assign(next, RESET);
    else if (c === 1) next.bold = true;
    else if (c === 22) next.bold = false;
    else if (c === 7) next.inverse = true;
    else if (c === 27) next.inverse = false;
    else if (c >= 30 && c <= 37) next.fg = c - 30;
    else if (c >= 90 && c <= 97) next.fg = c - 90 + 8;
    else if (c === 39) next.fg = 'default';
    else if (c >= 40 && c <= 47) next.bg = c - 40;
    else if (c >= 100 && c <= 107) next.bg = c - 100 + 8;
    else if (c === 49) next.bg = 'default';
    else if (c === 38 || c === 48) {
      let colour: Colour;
      if (codes[i + 1] === 5) {
        colour = codes[i + 2];
        i += 2;
      } else {
        // 38;2;r;g;b (tmux may put an empty colour-space field: 38:2::r:g:b).
        const rgb = codes.slice(i + 2, i + 5);
        colour = `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
        i += 4;
      }
      if (c === 38) next.fg = colour;
      else next.bg = colour;
    }
    // Underline, italics, blink and the rest do not change what is readable here.
  }
  return next;
}

/** Lines of cells from `capture-pane -e -p` output. */
export function parseCapture(text: string): Cell[][] {
  let pen: Pen = { ...RESET };
  return text.split('\n').map((line) => {
    const cells: Cell[] = [];
    // tmux carries the pen over lines within one capture.
    const re = /\x1b\[([0-9;:]*)m|\x1b[^[]|([^\x1b])/gsu;
    for (const m of line.matchAll(re)) {
      if (m[1] !== undefined) pen = applySgr(pen, m[1]);
      else if (m[2] !== undefined) cells.push({ ch: m[2], ...pen });
    }
    return cells;
  });
}

/**
 * Colours that are some terminal's background: black and the darkest grays
 * on dark themes, white and the lightest on light ones. Text in one of them
 * on the terminal's own background disappears on one kind or the other.
 */
export function isBackgroundLike(colour: Colour): boolean {
  if (typeof colour === 'string') {
    if (colour === 'default') return false;
    const v = parseInt(colour.slice(1), 16);
    const lum = 0.2126 * ((v >> 16) & 255) + 0.7152 * ((v >> 8) & 255) + 0.0722 * (v & 255);
    return lum < 64 || lum > 200;
  }
  // 0 black, 7 white, 8 bright black (gray), 15 bright white, 16 and 231 the cube's black and white, 232-255 grays.
  return colour === 0 || colour === 7 || colour === 8 || colour === 15 || colour === 16 || colour === 231 || colour >= 232;
}

/** Visible glyphs: not blanks, not an empty braille cell. */
function isInk(ch: string): boolean {
  return ch.trim() !== '' && ch !== '\u2800';
}

/**
 * Characters a user may not see on a dark or a light terminal: drawn in a
 * fixed black, white or gray on the terminal's default background (or the
 * reverse), or in the same colour as their background.
 */
export function unreadableCells(lines: Cell[][]): { row: number; col: number; cell: Cell }[] {
  const found: { row: number; col: number; cell: Cell }[] = [];
  lines.forEach((cells, row) =>
    cells.forEach((cell, col) => {
      if (!isInk(cell.ch)) return;
      const fg = cell.inverse ? cell.bg : cell.fg;
      const bg = cell.inverse ? cell.fg : cell.bg;
      const bad = (bg === 'default' && isBackgroundLike(fg)) || (fg === 'default' && isBackgroundLike(bg)) || (fg !== 'default' && fg === bg);
      if (bad) found.push({ row, col, cell });
    }),
  );
  return found;
}
