/** Entry point of the operator console served at /admin. */
import './components/smp-console.ts'
