/** English for history playback; the same keys as zh-playback.ts. */
export const enPlayback = {
  playback: {
    title: 'History playback', day: 'Day shown', live: 'Live', backToLive: 'Back to live',
    play: 'Play', pause: 'Pause', back: 'Previous day', forward: 'Next day', speed: 'Playback speed', perSecond: '{{n}} d/s',
    red: 'Red sites', open: 'Open hazards', overdue: 'Overdue',
    hazards: 'That day: {{open}} open hazards ({{overdue}} overdue)',
    failed: 'History could not be loaded: {{message}}',
    replay: 'Playback', tour: '30-day trend tour', capturedAt: 'Data as of {{time}}',
  },
}
