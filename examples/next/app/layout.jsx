import '../../shared/board.css' // the demo's stylesheet, shared by every example

export const metadata = { title: 'Team board · Next.js', icons: { icon: 'data:,' } }

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
