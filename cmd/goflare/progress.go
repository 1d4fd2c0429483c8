package main

import (
	"fmt"
	"io"
	"strings"
)

// progressMin is the smallest job that gets a progress bar: bulk work over 1,000 items.
const progressMin = 1000

// progressBar draws `label [=====>    ]  45% (4500/10000)` on one line of a terminal,
// redrawn in place as the work goes on. A bar that is off draws nothing, so callers
// need not care whether stderr is a terminal.
type progressBar struct {
	w       io.Writer
	label   string
	total   int
	lastPct int
	on      bool
}

// newProgress returns a bar for total items, drawn on w only when tty is true and the
// job is larger than progressMin.
func newProgress(w io.Writer, tty bool, label string, total int) *progressBar {
	return &progressBar{w: w, label: label, total: total, lastPct: -1, on: tty && total > progressMin}
}

// update redraws the bar for done items, when the percentage has changed.
func (p *progressBar) update(done int) {
	if !p.on || p.total == 0 {
		return
	}
	pct := done * 100 / p.total
	if pct == p.lastPct {
		return
	}
	p.lastPct = pct
	const width = 30
	filled := width * done / p.total
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	fmt.Fprintf(p.w, "\r%s [%s] %3d%% (%d/%d)", p.label, bar, pct, done, p.total)
}

// finish draws the bar full and ends its line.
func (p *progressBar) finish() {
	if !p.on {
		return
	}
	p.update(p.total)
	fmt.Fprint(p.w, "\n")
}
