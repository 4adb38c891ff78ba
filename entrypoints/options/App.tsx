// The options page: one tab per section, the section in the URL hash so other pages can link
// to it (options.html#glossary). To add a section, add one line to SECTIONS.
import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DisplaySettings } from './DisplaySettings';
import { GlossaryView } from './GlossaryView';
import { NotesView } from './NotesView';
import { SiteSettings } from './SiteSettings';

interface Section {
  id: string;
  label: string;
  render: () => ComponentChild;
}

const SECTIONS: Section[] = [
  { id: 'display', label: 'Display', render: () => <DisplaySettings /> },
  { id: 'sites', label: 'Sites', render: () => <SiteSettings /> },
  { id: 'glossary', label: 'Personal glossary', render: () => <GlossaryView /> },
  { id: 'notes', label: 'Notes', render: () => <NotesView /> },
];

const sectionFromHash = () => SECTIONS.find((s) => `#${s.id}` === location.hash) ?? SECTIONS[0];

export function App() {
  const [current, setCurrent] = useState(sectionFromHash);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    const onHash = () => setCurrent(sectionFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  if (!current) return null;

  const select = (section: Section, focus = false) => {
    history.replaceState(null, '', `#${section.id}`);
    setCurrent(section);
    if (focus) tabs.current[SECTIONS.indexOf(section)]?.focus();
  };
  // Arrow keys move between tabs (the ARIA tabs pattern); Tab moves into the panel.
  const onKeyDown = (event: KeyboardEvent) => {
    const at = SECTIONS.indexOf(current);
    const next =
      event.key === 'ArrowRight' ? (at + 1) % SECTIONS.length
      : event.key === 'ArrowLeft' ? (at - 1 + SECTIONS.length) % SECTIONS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? SECTIONS.length - 1
      : null;
    const section = next === null ? undefined : SECTIONS[next];
    if (!section) return;
    event.preventDefault();
    select(section, true);
  };

  return (
    <div class="options">
      <header class="masthead">
        <h1>Clinical Lens</h1>
        <p class="tagline">Settings apply at once in every open tab. Nothing you enter here leaves this device.</p>
      </header>
      <div role="tablist" aria-label="Settings sections" class="tabs" onKeyDown={onKeyDown}>
        {SECTIONS.map((section, i) => (
          <button
            key={section.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${section.id}`}
            aria-selected={section === current}
            aria-controls={`panel-${section.id}`}
            tabIndex={section === current ? 0 : -1}
            class="tab"
            onClick={() => select(section)}
          >
            {section.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} class="panel" tabIndex={0}>
        {current.render()}
      </section>
    </div>
  );
}
