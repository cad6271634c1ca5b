// The plugin loads the wasm and makes the page's kernel; components use it
// through useMizanContext / useMutation. 'mizan-kernel/channels' first: the
// live panel (./LivePanel.vue) needs the wasm build with the channel
// session, which the plugin's init() loads once this is imported.
import 'mizan-kernel/channels'
import '../../shared/board.css'
import { createMizan } from 'mizan-kernel/vue'
import { createApp } from 'vue'
import App from './App.vue'

createApp(App)
  .use(createMizan({ baseUrl: '/api/mizan' }))
  .mount('#app')
