// A tiny single-page EHR, written like a React app: the route lives in the path
// (/ehr-app/patient/123/chart), navigation uses the History API, and every render replaces the
// DOM under #app with new nodes. Both charts share the same template words on purpose: a note
// made on one patient must never show on the other. All data is fictional.
'use strict';

const BASE = '/ehr-app';

const PATIENTS = {
  123: {
    name: 'DEMO, Alex',
    mrn: 'DEMO-0123',
    dob: '1961-03-02',
    lastVisit: '2025-10-01',
    labs: { ALT: '58 U/L', AST: '39 U/L', 'Total bilirubin': '1.1 mg/dL', Albumin: '3.6 g/dL', Platelets: '168 ×10⁹/L' },
  },
  456: {
    name: 'DEMO, Sam',
    mrn: 'DEMO-0456',
    dob: '1957-11-19',
    lastVisit: '2025-10-03',
    labs: { ALT: '33 U/L', AST: '30 U/L', 'Total bilirubin': '0.8 mg/dL', Albumin: '4.1 g/dL', Platelets: '204 ×10⁹/L' },
  },
};

/** Creates an element: h('p', { className: 'x' }, 'text', child). */
function h(tag, props, ...children) {
  const element = document.createElement(tag);
  Object.assign(element, props);
  element.append(...children);
  return element;
}

function link(path, text, current) {
  const a = h('a', { href: BASE + path }, text);
  a.dataset.route = '';
  if (current) a.setAttribute('aria-current', 'page');
  return a;
}

function patientList() {
  return h(
    'section',
    { className: 'card' },
    h('h1', {}, 'Patients'),
    h('p', { className: 'muted' }, 'Choose a chart. Both patients are fictional.'),
    h(
      'ul',
      { id: 'patient-list' },
      ...Object.entries(PATIENTS).map(([id, p]) => h('li', {}, link(`/patient/${id}/chart`, `${p.name} (${p.mrn})`))),
    ),
  );
}

function chart(id, p) {
  const rows = Object.entries(p.labs).map(([test, value]) => h('tr', {}, h('td', {}, test), h('td', {}, value)));
  const refresh = h('button', { type: 'button', id: 'refresh' }, 'Refresh chart');
  refresh.addEventListener('click', render);
  return h(
    'div',
    { id: `chart-${id}` },
    h('section', { className: 'card' }, h('h1', { id: 'patient-name' }, p.name), h('p', { className: 'muted' }, `MRN ${p.mrn} · DOB ${p.dob} · Last visit ${p.lastVisit}`), refresh),
    h(
      'section',
      { className: 'card' },
      h('h2', {}, 'Assessment'),
      h('p', { id: 'assessment' }, 'Hepatocellular carcinoma (HCC). Status post TACE with Lipiodol and gelatin sponge. Tolerated the procedure well; no new complaints today.'),
    ),
    h('section', { className: 'card' }, h('h2', {}, 'Latest labs'), h('table', { id: 'labs' }, h('tbody', {}, ...rows))),
    h(
      'section',
      { className: 'card' },
      h('h2', {}, 'Plan'),
      h('ul', { id: 'plan' }, h('li', {}, 'Review response at tumour board; consider repeat TACE.'), h('li', {}, 'Recheck liver panel in 2 weeks.'), h('li', {}, 'Follow up in interventional radiology clinic.')),
    ),
  );
}

function notFound() {
  return h('section', { className: 'card' }, h('h1', {}, 'Not found'), h('p', {}, link('/', 'Back to the patient list')));
}

function route(path) {
  const match = path.match(/^\/ehr-app\/patient\/(\d+)\/chart\/?$/);
  if (match) {
    const patient = PATIENTS[match[1]];
    return patient ? { id: match[1], view: chart(match[1], patient), title: `${patient.name} · Chart` } : { view: notFound(), title: 'Not found' };
  }
  if (path === BASE || path === `${BASE}/` || path === `${BASE}/index.html`) return { view: patientList(), title: 'Patients' };
  return { view: notFound(), title: 'Not found' };
}

function render() {
  const { id, view, title } = route(location.pathname);
  document.title = `${title} · DemoEHR app (fictional)`;
  document.getElementById('patient-nav').replaceChildren(
    link('/', 'All patients', !id && view.querySelector('#patient-list') !== null),
    ...Object.entries(PATIENTS).map(([pid, p]) => link(`/patient/${pid}/chart`, p.name, pid === id)),
  );
  document.getElementById('app').replaceChildren(view);
}

document.addEventListener('click', (event) => {
  const a = event.target instanceof Element ? event.target.closest('a[data-route]') : null;
  if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  if (a.pathname !== location.pathname) history.pushState(null, '', a.pathname);
  render();
});
window.addEventListener('popstate', render);
render();
