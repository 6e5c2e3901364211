declare module 'world-atlas/countries-110m.json' {
  const topology: any;
  export default topology;
}
