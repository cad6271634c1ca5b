// The plugin loads the wasm and makes the page's kernel; components use it
// through useMizanContext / useMutation.
import '../../shared/board.css'
import { createMizan } from 'mizan-kernel/vue'
import { createApp } from 'vue'
import App from './App.vue'

createApp(App)
  .use(createMizan({ baseUrl: '/api/mizan' }))
  .mount('#app')
