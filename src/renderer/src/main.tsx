import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import './review.css';
import './workshop.css';
import { App } from './features/app/App';

const root = document.getElementById('root');
if (!root) throw new Error('Stagecraft: #root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
