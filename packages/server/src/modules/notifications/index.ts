export { Notice, sendNotice } from './notice.js';
